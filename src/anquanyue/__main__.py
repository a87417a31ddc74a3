# The CLI is imported only when run: a worker process started by spawn imports the main module again (as
# __mp_main__), and needs neither click nor the commands. That holds for `python -m anquanyue` (this module) and for
# the `anquanyue` console script (anquanyue.exe on Windows), whose script imports ``run`` from here.


def run() -> None:
    """The ``anquanyue`` command: its process runs numpy's BLAS with one thread (``speed/blas.py``)."""
    import os

    from anquanyue.speed.blas import one_blas_thread

    one_blas_thread(os.environ)
    from anquanyue.cli import main

    main()


if __name__ == "__main__":
    run()

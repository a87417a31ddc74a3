# The CLI is imported only when run: a worker process started by spawn imports the main module again (as
# __mp_main__), and needs neither click nor the commands. That holds for `python -m anquanyue` (this module) and for
# the `anquanyue` console script (anquanyue.exe on Windows), whose script imports ``run`` from here.


def run() -> None:
    """The ``anquanyue`` command: its process runs numpy's BLAS with one thread (``speed/blas.py``), and once the
    command is done, leaves the objects it made out of the collector's last passes (``gc.freeze``).

    Python's shutdown runs the cyclic collector over everything still alive (the imported libraries, a merge's
    forms) before clearing the modules: 0.10 s at the end of a 1,000-form merge, 0.04 s of a one-form validate,
    with nothing left to gain from it (the process's memory goes back to the system as it exits). Frozen, that
    takes 0.01–0.02 s; ``atexit`` handlers and the flushing of open files are unchanged."""
    import gc
    import os

    from anquanyue.speed.blas import one_blas_thread

    one_blas_thread(os.environ)
    from anquanyue.cli import main

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()

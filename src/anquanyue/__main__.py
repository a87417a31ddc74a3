# The CLI is imported only when run: a worker process started by spawn imports this module again (as __mp_main__),
# and needs neither click nor the commands.
if __name__ == "__main__":
    from anquanyue.cli import main

    main()

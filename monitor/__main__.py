"""``python -m monitor``: the same as the ``monitor`` command."""

from monitor.cli import main

if __name__ == "__main__":  # not when a worker process imports the main module
    main()

"""``python -m transmgr``: the command-line interface."""

from transmgr.cli import main

if __name__ == "__main__":
    main()

"""``python -m hyosan``: the ``hyosan`` command, for environments without its script on PATH."""

from hyosan.cli import main

if __name__ == "__main__":
    main()

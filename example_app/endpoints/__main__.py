"""``python -m example_app.endpoints`` (or ``python -m endpoints`` from inside example_app/)."""

from .server import main

if __name__ == "__main__":
    main()

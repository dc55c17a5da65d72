"""`python -m toolkit` runs the same CLI as the `policykit` command."""

from toolkit.cli.app import main

main()

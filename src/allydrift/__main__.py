"""``python -m allydrift`` runs the command line."""

from allydrift.cli import main

main()

from proforient_cli.cli import main

main()

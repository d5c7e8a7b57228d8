from modellaw_check.cli.app import main

main()

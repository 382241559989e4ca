from ectrack.cli import main

main()

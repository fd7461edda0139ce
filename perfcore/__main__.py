import sys

from perfcore.cli import main

sys.exit(main())

"""python -m analysis.validate sample|score ... (same as python -m analysis validate)."""
import sys

from .cli import main

sys.exit(main())

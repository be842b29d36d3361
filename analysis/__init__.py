"""Media analysis: framing, sentiment and source attribution for English news articles."""
from .pipeline import ArticleAnalysis, analyze, analyze_article
from .version import __version__

__all__ = ["ArticleAnalysis", "analyze", "analyze_article", "__version__"]

from . import handout, poster
PRODUCTS = {"handout": handout, "poster": poster}

from . import handout
PRODUCTS = {"handout": handout}

"""ectrack: the Appropriate Body officer's tool for statutory ECT induction in England."""

__version__ = "0.1.0"

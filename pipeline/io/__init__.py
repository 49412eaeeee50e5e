"""Reading inputs and writing outputs; the only place that touches document files."""

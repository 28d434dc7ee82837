"""The differentiable primitives, by family: elementwise, reduction (and scans and sorts),
shape (views and joins), indexing, linalg. Each op is an ``ArrayFunction`` whose forward and
backward sit side by side, plus the torch-named function that calls it."""

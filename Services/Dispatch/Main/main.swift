// Placeholder so the target builds; replaced by the service main.
print("not implemented yet")

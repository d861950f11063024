import OperatorTool
print("aftersales: not implemented yet")

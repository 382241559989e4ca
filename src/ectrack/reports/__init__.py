"""Reports out: the termly workbook and the DfE bulk-upload files."""

"""The virtual receipt printer: parses the ESC/POS we send, renders receipts to PNG."""

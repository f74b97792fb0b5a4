"""Client letters (ReportLab): the base letter, the summary letter, batches of letters."""

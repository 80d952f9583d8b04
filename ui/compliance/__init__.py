"""French prospection rules on the pages: the Compliance step, the findings shown where a plan
is edited, lawful call slots, the opposition list and the erasure of people."""

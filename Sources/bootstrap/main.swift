// The Lambda entry point (`_HANDLER` picks the function); built by issue 6.
print("bootstrap: no handler yet")

// Tests of this module arrive with the issue that builds it.

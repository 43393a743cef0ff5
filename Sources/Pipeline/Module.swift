// This module is filled in by its issue; see DESIGN.md for its place in the layering.

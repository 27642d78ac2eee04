# Install rules for the desktop integration files.

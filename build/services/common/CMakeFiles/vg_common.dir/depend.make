# Empty dependencies file for vg_common.
# This may be replaced when dependencies are built.

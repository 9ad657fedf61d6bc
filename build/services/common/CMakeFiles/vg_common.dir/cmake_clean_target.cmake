file(REMOVE_RECURSE
  "libvg_common.a"
)

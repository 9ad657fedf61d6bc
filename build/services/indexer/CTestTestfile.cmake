# CMake generated Testfile for 
# Source directory: /work/main/services/indexer
# Build directory: /work/main/build/services/indexer
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.

# CMake generated Testfile for 
# Source directory: /work/main/classifiers
# Build directory: /work/main/build/classifiers
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.

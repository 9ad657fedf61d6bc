# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("services/common")
subdirs("services/xapian")
subdirs("classifiers")
subdirs("services/analyse")
subdirs("services/indexer")
subdirs("services/ingest")
subdirs("services/api")
subdirs("services/cli")
subdirs("tests")

func write() {}

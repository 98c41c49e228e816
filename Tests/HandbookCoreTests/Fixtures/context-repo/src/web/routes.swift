func route() {}

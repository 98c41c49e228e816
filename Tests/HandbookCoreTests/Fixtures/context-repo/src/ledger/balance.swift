func balance() {}

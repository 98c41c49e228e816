func retry() {}

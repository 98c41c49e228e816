def pytest_terminal_summary(terminalreporter, config):
    folder = getattr(config, "handbook_screenshots", None)
    if folder:
        terminalreporter.write_line(f"screenshots of each page kind (light, dark; 1280 and 390 px): {folder}")

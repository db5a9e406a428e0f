"""wavemod engine: rules and waves as data, one pipeline for preview and apply."""

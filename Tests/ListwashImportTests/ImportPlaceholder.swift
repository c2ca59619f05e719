import Testing

// Removed when the first real test of this target lands.

namespace JailMetrics.Testing;
internal static class Placeholder;

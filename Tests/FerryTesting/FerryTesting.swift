public enum FerryTesting {}

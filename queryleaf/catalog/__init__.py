"""The backup catalog: scanning mongodump output and keeping its inventory in MongoDB."""

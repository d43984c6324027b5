"""The message catalogue (English source sentences, Norwegian bokmål in `locale/`) and numbers,
dates and names formatted for each language. Pure; imports only `domain`."""

"""Reading what people type, in English and Norwegian: numbers, dates, goals, goal types, reply
words, check-in answers, command words, ids. Pure; imports only `domain`."""

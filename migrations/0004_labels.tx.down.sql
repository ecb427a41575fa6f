DROP TABLE contact_labels;
DROP TABLE conversation_labels;
DROP TABLE labels;

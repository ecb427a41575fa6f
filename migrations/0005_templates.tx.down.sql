DROP TABLE sms_templates;
DROP TABLE whatsapp_template_syncs;
DROP TABLE whatsapp_templates;

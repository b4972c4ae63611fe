"""Date and number formats per language (settings.FORMAT_MODULE_PATH), where Django's own do not
suit the product: what a format here leaves out comes from Django's module for the language."""

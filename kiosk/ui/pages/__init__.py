"""One QWizardPage per step of an assisted request."""

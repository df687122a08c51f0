"""Map data shipped with hyosan: the places of the fictional city of Hyosan."""

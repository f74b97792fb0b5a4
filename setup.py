"""The package layout that pyproject.toml cannot say: the top-level resources/ folder (rate
tables, letter text and fonts, sample cases, icons) goes into the wheel as
mmi_desktop/resources, every file under it, whatever is added later. Everything else about
the project is in pyproject.toml."""

from setuptools import find_namespace_packages, find_packages, setup

# Each folder under resources/ is a data-only package of the wheel (setuptools wants them
# named, or warns that their files would be left out); found by walking the folder.
RESOURCES = ["mmi_desktop.resources"] + [
    f"mmi_desktop.resources.{name}" for name in find_namespace_packages("resources")
]

setup(
    packages=find_packages(include=["mmi_desktop*"]) + RESOURCES,
    package_dir={"mmi_desktop.resources": "resources"},
    package_data={
        "mmi_desktop": [
            "store/migrations/*.ini",
            "store/migrations/*.mako",
            "store/migrations/versions/*.py",
        ],
        **{package: ["*"] for package in RESOURCES},
    },
)

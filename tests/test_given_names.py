"""The given names the extractor knows are gender-guesser's, read faster than its Detector reads them."""
from gender_guesser import detector

from generator.extract.discover import given_names


def test_given_names_are_the_detectors_names():
    expected = frozenset(name for name in detector.Detector(case_sensitive=False).names if len(name) > 2)
    assert given_names() == expected
    assert {"abdel aziz", "abdel-aziz", "abdelaziz", "josé maría"} <= given_names()  # "+" joins parts three ways

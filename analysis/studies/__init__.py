"""The studies published in docs/: calibration (:mod:`.calibration`), the EduEcosystem study
(:mod:`.eduecosystem`), the policy comparison (:mod:`.policy_comparison`) and the validation
against untuned data (:mod:`.validation`), the Goldhaber experiment
(:mod:`.teacher_quality_gaps`), with their replicate runner (:mod:`.replicates`) and the
provenance stamp of the generated pages (:mod:`.provenance`). tools/regen-studies.sh
runs them as ``python3 -m analysis.<study>`` (aliases of ``analysis.studies.<study>``)."""

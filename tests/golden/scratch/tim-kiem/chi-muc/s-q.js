CongkhaiSearch.load("s:q",{"qd":[["qđ"],"EJBAJB"],"qd_ubnd":[[],"EJAJ"],"qh13":[[],"CM"],"quyet":[["quyêt4"],"EJBAJB"],"quyet_dinh":[[],"EJAJ"]});
